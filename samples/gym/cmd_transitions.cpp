// `gym transitions ID [--param name=value ...]`: the env's exact MDP as one
// JSON object, in the layout of Gymnasium's env.P (gym::to_gymnasium_json):
//   gym transitions FrozenLake-v1 --param is_slippery=false
//   gym transitions FrozenLake-v1 --param desc=SFFF,FHFH,FFFH,HFFG
//   gym transitions Taxi-v4 --param is_rainy=true --indent 1
#include <memory>
#include <string>
#include <vector>

#include "gym/commands.hpp"
#include "gym/tabular.hpp"

namespace gym::cli {

namespace {

struct TransitionsArgs {
  std::string id;
  std::vector<std::string> params;
  int indent = -1;
};

}  // namespace

Command add_transitions_command(CLI::App& app) {
  auto args = std::make_shared<TransitionsArgs>();
  Command c;
  c.app = app.add_subcommand("transitions",
                             "print the env's exact transition table as JSON {n_states, n_actions, "
                             "initial_state_distrib, P}, P[\"s\"][\"a\"] = [[prob, next_state, reward, terminated], "
                             "...] in Gymnasium's order (toy-text envs)");
  c.app->add_option("id", args->id, "environment id, e.g. FrozenLake-v1 (see gym list)")->required();
  c.app->add_option("--param", args->params,
                    "an option of the env, with Gymnasium's names: name=value (repeatable), e.g. is_slippery=false, "
                    "map_name=8x8, desc=SFFF,FHFH,FFFH,HFFG, is_rainy=true");
  c.app->add_option("--indent", args->indent, "indent the JSON by this many spaces (default: one line)");
  c.run = [args](std::ostream& out, std::ostream&) -> int {
    out << to_gymnasium_json(tabulate(args->id, parse_params(args->params))).dump(args->indent) << "\n";
    return 0;
  };
  return c;
}

}  // namespace gym::cli
