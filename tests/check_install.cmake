# ctest -P script: installs the build tree into a scratch prefix, then builds
# and runs samples/consumer against it with find_package(gympp).
# Inputs: BUILD_DIR, SOURCE_DIR, WORK_DIR, EXPECT_RENDER (ON where the render layer is built),
# EXPECT_GPU (ON where the CUDA layer is built).
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/samples/consumer -B ${WORK_DIR}/build
                        -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the consumer project failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the consumer project failed: ${rc}")
endif()
set(consumer_args "")
if(EXPECT_RENDER)
  list(APPEND consumer_args --expect-render)
endif()
if(EXPECT_GPU)
  list(APPEND consumer_args --expect-gpu)
endif()
execute_process(COMMAND ${WORK_DIR}/build/consumer ${consumer_args} RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "the consumer program failed: ${rc}")
endif()
