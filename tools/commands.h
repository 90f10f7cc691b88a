#ifndef REWIND_TOOLS_COMMANDS_H
#define REWIND_TOOLS_COMMANDS_H
int cmd_run(int argc, char **argv);
int cmd_disas(int argc, char **argv);
#endif
