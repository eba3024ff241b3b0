# What the mutex part of the benchmark needs beyond Google Benchmark: abseil
# (mutex_peers_std_absl.cpp), oneTBB and Concurrency Kit through its C wrapper
# (mutex_peers_tbb_ck.cpp, peers/ck_peers.c). bench/CMakeLists.txt links the
# libraries; a user's project (synclab_add_primitive) first finds the packages
# and looks for the headers, and names the Debian package of any it lacks.
set(synclab_bench_mutex_packages absl TBB)
set(synclab_bench_mutex_headers "ck_spinlock.h")
set(synclab_bench_mutex_libraries absl::synchronization TBB::tbb synclab_ck_peers)
set(synclab_bench_mutex_debian libabsl-dev libtbb-dev libck-dev)  # the Debian packages of the above
