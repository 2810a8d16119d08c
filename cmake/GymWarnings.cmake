# gym_target_defaults(target): warnings and floating-point settings shared by
# every gym++ target. -ffp-contract=off keeps results reproducible: no fused
# multiply-add changes the float64 path, so it matches Gymnasium bit for bit.
function(gym_target_defaults target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -ffp-contract=off>)
endfunction()
