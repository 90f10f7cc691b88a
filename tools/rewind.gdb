# gdb commands for rewind sessions.  Load with
#     gdb-multiarch -x tools/rewind.gdb -ex 'target remote :1234' kernel.elf
# or `source tools/rewind.gdb` at the (gdb) prompt.

define goto
  if $argc != 1
    echo usage: goto STEP\n
  else
    monitor goto $arg0
    # gdb does not know the target moved: forget the registers it cached.
    maintenance flush register-cache
    frame
  end
end
document goto
Go to step STEP of the rewind session, backward or forward, and show the frame there.
end

define written
  if $argc != 1
    echo usage: written VARIABLE\n
  else
    eval "monitor when-written %p %d", &($arg0), sizeof($arg0)
  end
end
document written
The last writes to VARIABLE before now (rewind's monitor when-written): step, hart, pc, instruction, value.
end
