# Tests that come from a binary's own list, so that nothing it registers can
# be left without a test (the model, stress and unit layers):
#
#   synclab_tests_from_binary(TARGET t LAYER label GENERATOR script.cmake [NAME stem]
#                             [DEFINES -DNAME=value ...])
#
# After each build of t, `cmake DEFINES -DOUT=<binary dir>/<stem>_tests.cmake
# -P script.cmake` writes the tests (the script asks the binary for its list);
# CTest includes that file when it runs. Before the first build a failing
# placeholder, <stem>.NOT_BUILT, says so. A changed script relinks t, which
# re-runs the step. The stem is the label unless NAME gives another (one
# directory with several binaries of one layer: the installed package's
# synclab_add_primitive, one model binary per primitive).
function(synclab_tests_from_binary)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "TARGET;LAYER;GENERATOR;NAME" "DEFINES")
  if(NOT arg_NAME)
    set(arg_NAME "${arg_LAYER}")
  endif()
  set(tests "${CMAKE_CURRENT_BINARY_DIR}/${arg_NAME}_tests.cmake")
  set_property(TARGET ${arg_TARGET} APPEND PROPERTY LINK_DEPENDS "${arg_GENERATOR}")
  add_custom_command(TARGET ${arg_TARGET} POST_BUILD
    COMMAND "${CMAKE_COMMAND}" ${arg_DEFINES} -DOUT=${tests} -P "${arg_GENERATOR}"
    COMMENT "Generating the ${arg_LAYER}.* tests from ${arg_TARGET}'s own list"
    VERBATIM)
  set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${arg_NAME}_tests_include.cmake")
  file(WRITE "${include_file}"
    "if(EXISTS \"${tests}\")\n"
    "  include(\"${tests}\")\n"
    "else()\n"
    "  add_test(${arg_NAME}.NOT_BUILT \"${CMAKE_COMMAND}\" -E echo \"${arg_TARGET} is not built: build it to get the ${arg_LAYER}.* tests\")\n"
    "  set_tests_properties(${arg_NAME}.NOT_BUILT PROPERTIES LABELS ${arg_LAYER} WILL_FAIL TRUE)\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()
