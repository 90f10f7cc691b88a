#ifndef REWIND_TOOLS_COMMANDS_H
#define REWIND_TOOLS_COMMANDS_H
int cmd_run(int argc, char **argv);
int cmd_disas(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_console(int argc, char **argv);
int cmd_traps(int argc, char **argv);
int cmd_inputs(int argc, char **argv);
int cmd_pagetable(int argc, char **argv);
int cmd_when_written(int argc, char **argv);
#endif
