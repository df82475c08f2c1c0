// The live case feed as server-sent events (text/event-stream): the
// command centre's big screen updates without reloading.
#include "http/api_support.h"
#include "service/case_feed.h"

namespace wangge::http {

namespace {

// One subscriber of the feed for the life of one connection.
class FeedStream final : public ResponseStream {
 public:
  FeedStream(service::CaseFeed& feed, service::CaseFeed::Scope scope)
      : feed_(feed), scope_(std::move(scope)) {}

  void Start(std::function<bool(std::string)> write) override {
    auto id = feed_.Subscribe(std::move(scope_), std::move(write));
    if (id) id_ = *id;
  }
  void Stop() override {
    if (id_) feed_.Unsubscribe(*id_);
    id_.reset();
  }

 private:
  service::CaseFeed& feed_;
  service::CaseFeed::Scope scope_;
  std::optional<int64_t> id_;
};

}  // namespace

void RegisterEventStreamRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/events/stream",
        Authed(ctx, [&ctx](Request&, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto scope, ctx.feed.ScopeOf(actor));
            Response res;
            res.content_type = "text/event-stream; charset=utf-8";
            res.stream =
                std::make_shared<FeedStream>(ctx.feed, std::move(scope));
            return res;
          });
        }));
}

}  // namespace wangge::http
