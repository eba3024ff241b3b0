# What the benchmark needs to build, in synclab's own tree and in a user's
# project (the installed copies, synclab_add_primitive.cmake) alike.
#
# synclab_bench_sources(DIR CONCEPT OUT): a concept's part of the benchmark,
# DIR/CONCEPT.cpp and DIR/CONCEPT_*.cpp, not another concept's whose name
# starts with this one's (queue and queue_x); SYNCLAB_CONCEPTS is the list.
#
# synclab_peer_libraries(ROOT): the peer libraries whose headers are not C++
# (Concurrency Kit, liburcu), each behind a small C wrapper compiled as C11
# with one out-of-line call per operation, from the wrappers under ROOT/peers
# (included as "peers/<name>.h"). Used by peers/CMakeLists.txt and, for its
# benchmark, by a user's project.
#
#   synclab_ck_peers       Concurrency Kit's ticket and MCS spin locks (peer.ck_ticket, peer.ck_mcs)
#   synclab_ck_rwlock_peers  Concurrency Kit's reader-writer locks: ck_rwlock, ck_pflock, ck_tflock
#                          and ck_brlock with per-thread readers (peer.ck_rwlock, peer.ck_pflock,
#                          peer.ck_tflock, peer.ck_brlock); header-only, so no libck. Debian: libck-dev.
#   synclab_ck_ring_peers  ck_ring, single- and multi-producer (peer.ck_ring_spsc, peer.ck_ring_mpmc)
#   synclab_urcu_peers     liburcu's cds_lfq over the memb flavour (peer.urcu_lfq): its inline
#                          (LGPL) queue. Debian: liburcu-dev.
#   synclab_ck_reclaim_peers  Concurrency Kit's structures with its own reclamation: ck_hp_fifo
#                          and ck_hp_stack with ck_hp, ck_fifo_mpmc with ck_epoch (peer.ck_hp_fifo,
#                          peer.ck_hp_stack, peer.ck_epoch_fifo); ck_hp and ck_epoch are compiled
#                          code, so it links libck. Debian: libck-dev.
# The C language must be enabled where this is called (project() or enable_language(C)).
include_guard(GLOBAL)

function(synclab_bench_sources dir concept out)
  file(GLOB sources CONFIGURE_DEPENDS "${dir}/${concept}_*.cpp")
  foreach(other IN LISTS SYNCLAB_CONCEPTS)
    if(other MATCHES "^${concept}_")
      list(FILTER sources EXCLUDE REGEX "/${other}(_[^/]*)?\\.cpp$")
    endif()
  endforeach()
  set(${out} "${dir}/${concept}.cpp" ${sources} PARENT_SCOPE)
endfunction()

function(synclab_peer_libraries root)
  if(TARGET synclab_ck_peers)
    return()  # defined once per build tree, however many primitives need them
  endif()
  add_library(synclab_ck_peers STATIC "${root}/peers/ck_peers.c")
  add_library(synclab_ck_rwlock_peers STATIC "${root}/peers/ck_rwlock_peers.c")
  target_link_libraries(synclab_ck_rwlock_peers PUBLIC Threads::Threads)  # its registrations' mutex and key
  add_library(synclab_ck_ring_peers STATIC "${root}/peers/ck_ring_peers.c")
  add_library(synclab_urcu_peers STATIC "${root}/peers/urcu_lfq_peers.c")
  target_link_libraries(synclab_urcu_peers PUBLIC urcu-memb urcu-common)
  add_library(synclab_ck_reclaim_peers STATIC "${root}/peers/ck_reclaim_peers.c")
  target_link_libraries(synclab_ck_reclaim_peers PUBLIC ck)
  foreach(peer synclab_ck_peers synclab_ck_rwlock_peers synclab_ck_ring_peers synclab_urcu_peers synclab_ck_reclaim_peers)
    set_target_properties(${peer} PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON)
    target_compile_options(${peer} PRIVATE -O2 -Wall -Wextra)
    target_include_directories(${peer} INTERFACE "${root}")
  endforeach()
endfunction()
