# The queue peers' libraries (included by bench/CMakeLists.txt): oneTBB, and
# ck_ring and liburcu's cds_lfq through their C wrappers (peers/ck_ring_peers.c,
# peers/urcu_lfq_peers.c). Boost.Lockfree and moodycamel are header-only.
target_link_libraries(synclab_bench PRIVATE TBB::tbb synclab_ck_ring_peers synclab_urcu_peers)
