# The compile options of a Relacy model binary: synclab's own (models/) and a
# user's (synclab_add_primitive). One place, since both must agree.
#
# -O1 -g1 instead of the build type's -O2 -g: the Relacy translation units
# (every entry x suite, instantiated) dominate the build, and at -O1 with line
# tables only each compiles in about half the time (measured on one unit:
# 76 s at -O2 -g, 40 s at -O1 -g1) while a search costs little more. Line
# tables are enough for gdb's backtrace of a crash's replay; Relacy's own
# traces name source lines through `$`.
#
# -fno-lifetime-dse (GCC): Relacy finds an access to freed memory by a
# signature word in every rl::atomic and rl::var that its destructor zeroes
# and every access checks after its scheduling point. GCC deletes that store
# as dead (the object's lifetime ends there), so without this flag an access
# that a thread began before another thread freed the node reads freed memory
# unreported: the hazard pointers' missed record (a scan that skips a record
# published by a release CAS) passed every search until this flag was set.
# The option is GCC's; the generator expression passes it to GCC only.
function(synclab_model_options target)
  target_compile_options(${target} PRIVATE -O1 -g1 $<$<CXX_COMPILER_ID:GNU>:-fno-lifetime-dse>)
endfunction()
