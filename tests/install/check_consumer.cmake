# Installs the build tree into a scratch prefix, builds tests/install/consumer against it with
# find_package(smesim) and runs its sweep. Called by ctest:
#   cmake -DBUILD_DIR=… -DSOURCE_DIR=… -DWORK_DIR=… -P check_consumer.cmake
foreach(var BUILD_DIR SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_consumer.cmake: ${var} is not set")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${ARGN}\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
# Nothing of src/ is installed: the consumer sees only the public headers.
foreach(private IN ITEMS engine/replication.hpp model/population.hpp scenario/fields.hpp io/outputs.hpp)
  if(EXISTS ${prefix}/include/${private} OR EXISTS ${prefix}/include/smesim/${private})
    message(FATAL_ERROR "a private header was installed: ${private}")
  endif()
endforeach()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/consumer -B ${WORK_DIR}/build -G Ninja
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer ${SOURCE_DIR}/tests/golden/studies/sweep.yaml ${WORK_DIR}/sweep)
