#include "http/response.h"

#include <boost/json/serialize.hpp>

namespace wangge::http {

Response Json(int status, const boost::json::value& value) {
  Response response;
  response.status = status;
  response.body = boost::json::serialize(value);
  return response;
}

std::pair<Response, std::shared_ptr<LaterResponse>> Later() {
  auto later = std::make_shared<LaterResponse>();
  Response pending;
  pending.later = later;
  return {std::move(pending), std::move(later)};
}

LaterResponse::~LaterResponse() {
  // The completer was dropped without answering (a bug): the client must
  // still get an answer.
  if (!delivered_ && sink_) {
    sink_(Json(500, boost::json::object{
                        {"error",
                         boost::json::object{{"code", "internal"},
                                             {"message", "internal error"}}}}));
  }
}

void LaterResponse::Complete(Response response) {
  std::function<void(Response)> sink;
  {
    std::lock_guard lock(mu_);
    if (delivered_ || value_) return;
    if (!sink_) {
      value_ = std::move(response);
      return;
    }
    delivered_ = true;
    sink = std::move(sink_);
  }
  sink(std::move(response));
}

void LaterResponse::OnComplete(std::function<void(Response)> sink) {
  Response ready;
  {
    std::lock_guard lock(mu_);
    if (!value_) {
      sink_ = std::move(sink);
      return;
    }
    delivered_ = true;
    ready = std::move(*value_);
    value_.reset();
  }
  sink(std::move(ready));
}

}  // namespace wangge::http
