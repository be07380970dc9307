# Helpers that keep each module's CMakeLists.txt to a few lines. The DEPS lists are the
# architecture: a module may include only the modules it names, or linking fails.

# mhds_library(NAME <module> DEPS <targets...>)
# Builds mhds_<module> from every .cc in the calling folder (recursively) that is not a test,
# benchmark or fuzzer, and registers the *_test.cc files beside them as one test binary.
function(mhds_library)
  cmake_parse_arguments(ARG "" "NAME" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER srcs EXCLUDE REGEX "(_test|_benchmark|_fuzzer)\\.cc$")
  add_library(mhds_${ARG_NAME} STATIC ${srcs})
  target_include_directories(mhds_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(mhds_${ARG_NAME} PUBLIC ${ARG_DEPS})
  if(MHDS_BUILD_TESTS)
    file(GLOB_RECURSE tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
    if(tests)
      add_executable(mhds_${ARG_NAME}_test ${tests})
      target_link_libraries(mhds_${ARG_NAME}_test PRIVATE mhds_${ARG_NAME} GTest::gtest_main)
      target_compile_definitions(mhds_${ARG_NAME}_test PRIVATE
        MHDS_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
      include(GoogleTest)
      gtest_discover_tests(mhds_${ARG_NAME}_test DISCOVERY_TIMEOUT 60)
    endif()
  endif()
endfunction()
