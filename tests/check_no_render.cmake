# ctest -P script: the project configured with GYM_WITH_SDL=OFF (as on a
# machine without SDL2) builds the gym tool, whose simulation commands work
# and whose render commands say that this build has no render layer.
# Inputs: SOURCE_DIR, WORK_DIR, LAUNCHER (compiler launcher, may be empty).
set(args -S ${SOURCE_DIR} -B ${WORK_DIR} -G Ninja -DCMAKE_BUILD_TYPE=Release -DGYM_WITH_SDL=OFF
         -DGYM_WITH_CUDA=OFF -DGYM_BUILD_TESTS=OFF)
if(LAUNCHER)
  list(APPEND args -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc)
  message(FATAL_ERROR "configuring with GYM_WITH_SDL=OFF failed: ${out}")
endif()
if(NOT out MATCHES "render layer off")
  message(FATAL_ERROR "configure did not report the render layer as off:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR} --target gym RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE out)
if(rc)
  message(FATAL_ERROR "building the gym tool without the render layer failed: ${out}")
endif()
execute_process(COMMAND ${WORK_DIR}/samples/gym rollout CartPole-v1 --episodes 2 RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc)
  message(FATAL_ERROR "gym rollout failed without the render layer: ${out}")
endif()
execute_process(COMMAND ${WORK_DIR}/samples/gym render CartPole-v1 --out x.gif RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 2 OR NOT out MATCHES "no render layer")
  message(FATAL_ERROR "gym render without the render layer should fail with exit code 2 and say why; got ${rc}: ${out}")
endif()
message(STATUS "without SDL2: builds, simulates, and says: ${out}")
