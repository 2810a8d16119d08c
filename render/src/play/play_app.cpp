// The play app (placeholder until it is written).
namespace gym::render {
void play_app_placeholder() {}
}  // namespace gym::render
