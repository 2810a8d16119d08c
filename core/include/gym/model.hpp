// The model concept: an environment written once as plain data and pure
// functions (see DESIGN.md section 1). Executors (gym::ModelEnv,
// gym::ModelVectorEnv, the GPU and differentiation layers) are generic over it.
//
// A model M provides:
//   M::kId                        short name, e.g. "CartPole"
//   M::kStateDim, M::kObsDim      sizes of the physical state and the observation
//   M::kStateNames                std::array<const char*, kStateDim>
//   M::kDiscrete                  true: one integer action; false: kActionDim reals
//   M::kNumActions                for discrete actions
//   M::kActionDim                 for continuous actions
//   struct M::Params              physical constants; defaults in the initialisers
//   for_each_param(P&, F)         lists Params fields as f(field, ParamInfo)
//   struct M::ResetOptions        Gymnasium's reset(options=...) for this env
//   for_each_reset_option(R&, F)  lists ResetOptions fields likewise
//   template <class T> struct State  kStateDim scalars of type T, nothing else
//   template <class T, class R> static State<T> reset(const Params&, const ResetOptions&, R& rng)
//   template <class T> static ModelStep<State<T>, T> step(const State<T>&, int32_t action, const Params&)
//                                 (discrete) or step(const State<T>&, const T* action, const Params&)
//                                 (continuous: kActionDim values, out-of-range ones clipped as the
//                                 reference does; the executors reject NaN and infinity)
//   template <class T> static void observe(const State<T>&, const Params&, T* obs)
//   static Box observation_space(const Params&);  static Discrete or Box action_space(const Params&)
// All of reset/step/observe are GYM_HD, header-only, and free of virtual calls,
// exceptions, allocation and I/O, so they run on a GPU thread or a SIMD lane.
// A model may add `static void check(const Params&)` for cross-field rules,
// and `static void draw(const State<double>&, const Params&, const DrawContext&,
// DrawList&)` to describe a frame (host code: it may allocate), which gives it
// the rgb_array and human render modes.
#pragma once

#include <concepts>
#include <cstdint>
#include <cstring>
#include <tuple>
#include <utility>
#include <vector>
#include <type_traits>

#include "gym/draw.hpp"
#include "gym/dual.hpp"
#include "gym/hd.hpp"
#include "gym/options.hpp"
#include "gym/rng.hpp"
#include "gym/spaces.hpp"

namespace gym {

// What one model step returns. `terminated` is the MDP's own end (Gymnasium's
// terminated); time limits are the executors' business (truncated).
template <class S, class T>
struct ModelStep {
  S state;
  T reward;
  bool terminated;
};

template <class M>
concept Model = requires(typename M::Params& p, const typename M::Params& cp,
                         const typename M::ResetOptions& ro, const typename M::template State<double>& s,
                         Rng& rng, double* obs) {
  { M::kId } -> std::convertible_to<const char*>;
  { M::kStateDim } -> std::convertible_to<int>;
  { M::kObsDim } -> std::convertible_to<int>;
  { M::kDiscrete } -> std::convertible_to<bool>;
  { M::template reset<double>(cp, ro, rng) } -> std::same_as<typename M::template State<double>>;
  M::template observe<double>(s, cp, obs);
  { M::observation_space(cp) } -> std::same_as<Box>;
  M::action_space(cp);
} && (sizeof(typename M::template State<double>) == M::kStateDim * sizeof(double)) &&
                (sizeof(typename M::template State<float>) == M::kStateDim * sizeof(float)) &&
                std::is_trivially_copyable_v<typename M::template State<float>>;

template <class M>
concept DiscreteModel = Model<M> && M::kDiscrete && requires(const typename M::template State<double>& s,
                                                              const typename M::Params& p) {
  { M::template step<double>(s, int32_t{0}, p) };
  { M::action_space(p) } -> std::same_as<Discrete>;
};

template <class M>
concept ContinuousModel = Model<M> && !M::kDiscrete && requires(const typename M::template State<double>& s,
                                                                 const typename M::Params& p, const double* a) {
  { M::kActionDim } -> std::convertible_to<int>;
  { M::template step<double>(s, a, p) };
  { M::action_space(p) } -> std::same_as<Box>;
};

// A model an executor can run: one of the two above.
template <class M>
concept SteppableModel = DiscreteModel<M> || ContinuousModel<M>;

// A model that can describe a frame of its state (gym/draw.hpp).
template <class M>
concept DrawableModel = Model<M> && requires(const typename M::template State<double>& s,
                                              const typename M::Params& p, const DrawContext& ctx, DrawList& out) {
  M::draw(s, p, ctx, out);
};

// How a model takes its action, per env in a batch: an int32 (discrete) or a
// pointer to kActionDim scalars (continuous).
template <class M>
inline constexpr int action_dim_v = [] {
  if constexpr (M::kDiscrete) return 1;
  else return int(M::kActionDim);
}();

// A state is kStateDim scalars laid out like an array; these move it to and
// from flat storage (memcpy keeps it well-defined and compiles to moves).
template <class S, class T>
GYM_HD GYM_FORCEINLINE void state_to_array(const S& s, T* out) {
  static_assert(sizeof(S) % sizeof(T) == 0);
  std::memcpy(out, &s, sizeof(S));
}
template <class S, class T>
GYM_HD GYM_FORCEINLINE S state_from_array(const T* in) {
  S s;
  std::memcpy(&s, in, sizeof(S));
  return s;
}

// Calls f(field, index) for each scalar field of a state, in declaration
// order. Unlike a copy through an array, this keeps every field in a register,
// so loops over states stay vectorisable. States of up to 12 fields.
template <class T, class S, class F>
GYM_HD GYM_FORCEINLINE void for_each_field(S& s, F&& f) {
  constexpr std::size_t kD = sizeof(S) / sizeof(T);
  static_assert(sizeof(S) == kD * sizeof(T), "a state holds scalars of one type only");
  auto call = [&]<class Tuple, std::size_t... Is>(Tuple&& fields, std::index_sequence<Is...>) {
    (f(std::get<Is>(fields), Is), ...);
  };
  if constexpr (kD == 1) {
    auto& [f0] = s;
    call(std::forward_as_tuple(f0), std::make_index_sequence<1>{});
  } else if constexpr (kD == 2) {
    auto& [f0, f1] = s;
    call(std::forward_as_tuple(f0, f1), std::make_index_sequence<2>{});
  } else if constexpr (kD == 3) {
    auto& [f0, f1, f2] = s;
    call(std::forward_as_tuple(f0, f1, f2), std::make_index_sequence<3>{});
  } else if constexpr (kD == 4) {
    auto& [f0, f1, f2, f3] = s;
    call(std::forward_as_tuple(f0, f1, f2, f3), std::make_index_sequence<4>{});
  } else if constexpr (kD == 5) {
    auto& [f0, f1, f2, f3, f4] = s;
    call(std::forward_as_tuple(f0, f1, f2, f3, f4), std::make_index_sequence<5>{});
  } else if constexpr (kD == 6) {
    auto& [f0, f1, f2, f3, f4, f5] = s;
    call(std::forward_as_tuple(f0, f1, f2, f3, f4, f5), std::make_index_sequence<6>{});
  } else if constexpr (kD == 7) {
    auto& [f0, f1, f2, f3, f4, f5, f6] = s;
    call(std::forward_as_tuple(f0, f1, f2, f3, f4, f5, f6), std::make_index_sequence<7>{});
  } else if constexpr (kD == 8) {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7] = s;
    call(std::forward_as_tuple(f0, f1, f2, f3, f4, f5, f6, f7), std::make_index_sequence<8>{});
  } else if constexpr (kD == 9) {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8] = s;
    call(std::forward_as_tuple(f0, f1, f2, f3, f4, f5, f6, f7, f8), std::make_index_sequence<9>{});
  } else if constexpr (kD == 10) {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9] = s;
    call(std::forward_as_tuple(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9), std::make_index_sequence<10>{});
  } else if constexpr (kD == 11) {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10] = s;
    call(std::forward_as_tuple(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10), std::make_index_sequence<11>{});
  } else if constexpr (kD == 12) {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11] = s;
    call(std::forward_as_tuple(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11), std::make_index_sequence<12>{});
  } else {
    static_assert(kD <= 12, "for_each_field: states of more than 12 fields are not supported");
  }
}

// The plain values of a model's parameters held in another scalar type (a
// model's BasicParams<Dual> while gym::diff differentiates with respect to
// them): each field listed by for_each_param, in order.
template <class M, class P>
typename M::Params param_values(const P& p) {
  if constexpr (std::is_same_v<P, typename M::Params>) {
    return p;
  } else {
    std::vector<double> values;
    P copy = p;
    M::for_each_param(copy, [&](auto& field, const auto&) { values.push_back(double(value_of(field))); });
    typename M::Params out{};
    std::size_t i = 0;
    M::for_each_param(out, [&](auto& field, const auto&) { field = std::decay_t<decltype(field)>(values[i++]); });
    return out;
  }
}

// Applies options to a model's Params and validates them (ranges, then the
// model's own cross-field check). `owner` names the env in error messages.
template <Model M>
typename M::Params make_params(typename M::Params params, const Options& options, std::string_view owner) {
  apply_options(params, options, [](auto& p, auto&& f) { M::for_each_param(p, f); }, owner, "option");
  check_params(params, [](const auto& p, auto&& f) { M::for_each_param(p, f); }, owner);
  if constexpr (requires { M::check(params, owner); }) M::check(params, owner);
  return params;
}

template <Model M>
typename M::ResetOptions make_reset_options(const Options& options, std::string_view owner) {
  typename M::ResetOptions ro{};
  apply_options(ro, options, [](auto& r, auto&& f) { M::for_each_reset_option(r, f); }, owner, "reset option");
  if constexpr (requires { M::check(ro, owner); }) M::check(ro, owner);
  return ro;
}

}  // namespace gym
