// The deadline job: raises yellow / red supervision and escalates, in
// bounded rounds so that one transaction never holds many rows for long.
#pragma once

#include <string>

#include "core/error.h"
#include "service/case_service.h"

namespace wangge::jobs {

// Runs rounds of CaseService::RunDeadlines until a round finds nothing to
// do (at most `max_rounds`); returns the totals.
Result<service::DeadlineRun> RunDeadlinesOnce(service::CaseService& cases,
                                              const std::string& worker,
                                              int batch = 200,
                                              int max_rounds = 50);

// A worker name unique to this process: host:pid.
std::string WorkerName();

}  // namespace wangge::jobs
