// JSON → registry input structs, shared by the household, resident, house
// and unit handlers. Field errors name the JSON path ("address.lon").
#pragma once

#include "http/json_input.h"
#include "service/registry_service.h"

namespace wangge::http {

Result<service::AddressInput> ParseAddress(const JsonBody& body);
Result<service::HouseInput> ParseHouse(const JsonBody& body);
Result<service::HouseholdInput> ParseHousehold(const JsonBody& body);
Result<service::ResidentInput> ParseResident(const JsonBody& body);
Result<service::UnitInput> ParseUnit(const JsonBody& body);

}  // namespace wangge::http
