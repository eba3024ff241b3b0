# tsan_exec(<out_var> <rc_var> <command...>): runs a command built with
# ThreadSanitizer, stdout and stderr together. GCC 12's TSan cannot start under
# some kernels' address-space randomization ("unexpected memory mapping"); then
# it repeats the command with ASLR off (setarch <arch> -R), when the caller
# passed SETARCH (the path to setarch).
function(tsan_exec out_var rc_var)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(out MATCHES "unexpected memory mapping|FATAL: ThreadSanitizer" AND SETARCH)
    message(STATUS "ThreadSanitizer could not start with ASLR on; retrying under setarch -R")
    cmake_host_system_information(RESULT arch QUERY OS_PLATFORM)
    execute_process(COMMAND ${SETARCH} ${arch} -R ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${rc_var} "${rc}" PARENT_SCOPE)
endfunction()
