# What the semaphore part of the benchmark needs beyond Google Benchmark:
# moodycamel's LightweightSemaphore (header-only); sem_t and std's are in the C
# and C++ libraries. As in bench/mutex.cmake.
set(synclab_bench_semaphore_packages "")
set(synclab_bench_semaphore_headers "concurrentqueue/lightweightsemaphore.h")
set(synclab_bench_semaphore_libraries "")
set(synclab_bench_semaphore_debian libconcurrentqueue-dev)  # the Debian packages of the above
