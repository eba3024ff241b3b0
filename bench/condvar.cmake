# What the condition-variable part of the benchmark needs beyond Google
# Benchmark: nothing (its peers are std's and pthread's). As in bench/mutex.cmake.
set(synclab_bench_condvar_packages "")
set(synclab_bench_condvar_headers "")
set(synclab_bench_condvar_libraries "")
set(synclab_bench_condvar_debian "")  # the Debian packages of the above
