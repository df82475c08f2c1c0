#include "http/response.h"

#include <boost/json/serialize.hpp>

namespace wangge::http {

Response Json(int status, const boost::json::value& value) {
  Response response;
  response.status = status;
  response.body = boost::json::serialize(value);
  return response;
}

}  // namespace wangge::http
