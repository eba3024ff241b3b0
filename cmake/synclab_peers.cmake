# The peer libraries whose headers are not C++ (Concurrency Kit, liburcu), each
# behind a small C wrapper compiled as C11 with one out-of-line call per
# operation, from the wrappers under ROOT/peers (included as "peers/<name>.h").
# Used by synclab's own build (peers/CMakeLists.txt) and by a user's project
# (the installed wrappers, for its benchmark; synclab_add_primitive.cmake).
#
#   synclab_ck_peers       Concurrency Kit's ticket and MCS spin locks (peer.ck_ticket, peer.ck_mcs)
#   synclab_ck_ring_peers  ck_ring, single- and multi-producer (peer.ck_ring_spsc, peer.ck_ring_mpmc)
#   synclab_urcu_peers     liburcu's cds_lfq over the memb flavour (peer.urcu_lfq): its inline
#                          (LGPL) queue. Debian: liburcu-dev.
# The C language must be enabled where this is called (project() or enable_language(C)).
function(synclab_peer_libraries root)
  if(TARGET synclab_ck_peers)
    return()  # defined once per build tree, however many primitives need them
  endif()
  add_library(synclab_ck_peers STATIC "${root}/peers/ck_peers.c")
  add_library(synclab_ck_ring_peers STATIC "${root}/peers/ck_ring_peers.c")
  add_library(synclab_urcu_peers STATIC "${root}/peers/urcu_lfq_peers.c")
  target_link_libraries(synclab_urcu_peers PUBLIC urcu-memb urcu-common)
  foreach(peer synclab_ck_peers synclab_ck_ring_peers synclab_urcu_peers)
    set_target_properties(${peer} PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON)
    target_compile_options(${peer} PRIVATE -O2 -Wall -Wextra)
    target_include_directories(${peer} INTERFACE "${root}")
  endforeach()
endfunction()
