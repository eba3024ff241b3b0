# What `cmake --install build [--prefix DIR]` (and ./synclab install) puts
# under the prefix, for a user's own project (find_package(synclab CONFIG
# REQUIRED), then synclab_add_primitive; see synclab_add_primitive.cmake):
#
#   include/synclab/primitives/...     every primitive, the platform seam, the fault policies
#   include/synclab/models/...         the model layer's suites and engine
#   include/synclab/stress/...         the stress layer's scenarios and families
#   include/synclab/properties/...     the property layer's scenarios, checkers and registrations
#   include/synclab/tools/results.hpp  the result lines
#   include/synclab/synclab/concepts.hpp  the concept list (generated)
#   share/synclab/models/, stress/,    the model checker's, the stress harness's and the property
#     properties/                      tests' sources and test generators, compiled and run in the
#                                      user's build
#   share/synclab/bench/, peers/       the benchmark's sources, its report (report.py and its
#                                      modules, targets.tsv) and the peers' C wrappers
#   share/synclab/primitives/concepts.tsv  the concept list, which the report reads
#   bin/synclab                        the command: check|stress|bench --header against this package
#   share/cmake/synclab/               the package: synclabConfig.cmake, its version, the functions
include(CMakePackageConfigHelpers)
set(SYNCLAB_INSTALL_INCLUDE include/synclab)
set(SYNCLAB_INSTALL_DATA share/synclab)
set(SYNCLAB_INSTALL_CMAKE share/cmake/synclab)

install(DIRECTORY primitives/ DESTINATION ${SYNCLAB_INSTALL_INCLUDE}/primitives
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.tsv")
install(DIRECTORY models/ DESTINATION ${SYNCLAB_INSTALL_INCLUDE}/models FILES_MATCHING PATTERN "*.hpp")
install(FILES tools/results.hpp DESTINATION ${SYNCLAB_INSTALL_INCLUDE}/tools)
install(FILES "${SYNCLAB_GENERATED_DIR}/synclab/concepts.hpp" DESTINATION ${SYNCLAB_INSTALL_INCLUDE}/synclab)
install(FILES models/cli.cpp models/plan.cpp models/sized_delete.cpp models/generate_tests.cmake
        DESTINATION ${SYNCLAB_INSTALL_DATA}/models)
install(DIRECTORY stress/ DESTINATION ${SYNCLAB_INSTALL_INCLUDE}/stress FILES_MATCHING PATTERN "*.hpp")
install(FILES stress/main.cpp stress/options.cpp stress/stats.cpp stress/torture.cpp stress/watchdog.cpp
              stress/tsan_hook.cpp stress/result_line.cpp
              stress/generate_tests.cmake stress/run_check.cmake stress/tsan_exec.cmake
        DESTINATION ${SYNCLAB_INSTALL_DATA}/stress)
install(DIRECTORY properties/ DESTINATION ${SYNCLAB_INSTALL_INCLUDE}/properties FILES_MATCHING PATTERN "*.hpp")
install(FILES properties/main.cpp properties/history.cpp properties/scenario.cpp properties/linearizability.cpp
              properties/container_spec.cpp properties/queue_scenario.cpp properties/fairness.cpp
        DESTINATION ${SYNCLAB_INSTALL_DATA}/properties)

install(DIRECTORY bench/ DESTINATION ${SYNCLAB_INSTALL_DATA}/bench
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.cpp" PATTERN "*.cmake" PATTERN "report*.py" PATTERN "targets.tsv"
        PATTERN "*_test.cpp" EXCLUDE PATTERN "report_test.py" EXCLUDE PATTERN "processes*" EXCLUDE)
install(DIRECTORY peers/ DESTINATION ${SYNCLAB_INSTALL_DATA}/peers FILES_MATCHING PATTERN "*.c" PATTERN "*.h")
install(FILES primitives/concepts.tsv DESTINATION ${SYNCLAB_INSTALL_DATA}/primitives)
# The command, for check|stress|bench --header against this package from anywhere.
install(PROGRAMS synclab DESTINATION bin)

configure_package_config_file(cmake/synclabConfig.cmake.in "${PROJECT_BINARY_DIR}/package-config/synclabConfig.cmake"
  INSTALL_DESTINATION ${SYNCLAB_INSTALL_CMAKE}
  PATH_VARS SYNCLAB_INSTALL_INCLUDE SYNCLAB_INSTALL_DATA)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/package-config/synclabConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES "${PROJECT_BINARY_DIR}/package-config/synclabConfig.cmake"
              "${PROJECT_BINARY_DIR}/package-config/synclabConfigVersion.cmake"
              cmake/tests_from_binary.cmake cmake/model_options.cmake cmake/synclab_add_primitive.cmake cmake/synclab_bench.cmake
        DESTINATION ${SYNCLAB_INSTALL_CMAKE})
