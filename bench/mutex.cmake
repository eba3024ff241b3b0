# The mutex peers' libraries (included by bench/CMakeLists.txt): abseil
# (mutex_peers_std_absl.cpp), oneTBB and Concurrency Kit through its C wrapper
# (mutex_peers_tbb_ck.cpp, peers/ck_peers.c).
target_link_libraries(synclab_bench PRIVATE absl::synchronization TBB::tbb synclab_ck_peers)
