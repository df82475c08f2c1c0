// Deterministic synthetic people for demos, tests and benchmarks: Chinese
// names, GB 11643 ID numbers, mobile numbers and places of origin that look
// real and validate, drawn from a seeded PRNG so that one seed always yields
// the same people on every machine. No real person's data is used; any match
// with a real ID or phone number is chance.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::demo {

// xoshiro256** seeded through splitmix64. A draw costs a few nanoseconds, and
// unlike std::mt19937 with the std distributions its output is specified
// bit for bit, so a seed gives the same data with every standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t Next();
  // A uniform integer in [lo, hi]. Requires lo <= hi.
  int64_t Between(int64_t lo, int64_t hi);
  // A uniform index in [0, n). Requires n > 0.
  size_t Index(size_t n) { return static_cast<size_t>(Between(0, n - 1)); }
  // A uniform double in [0, 1).
  double Unit();
  // True with probability p (p <= 0 never, p >= 1 always).
  bool Chance(double p) { return Unit() < p; }
  // A new generator seeded from this one. Give each stage of a generation its
  // own fork so that changing one stage's draws does not reshuffle the rest.
  Rng Fork() { return Rng(Next()); }

 private:
  uint64_t s_[4];
};

// A set of non-zero 64-bit keys with open addressing: 8 bytes a slot and no
// allocation per key, so millions of ID and phone numbers stay cheap to
// check for uniqueness.
class KeySet {
 public:
  // Adds `key`, which must not be 0 (0 marks an empty slot). Returns false
  // when the key was already present.
  bool Insert(uint64_t key);
  size_t size() const { return size_; }

 private:
  void Grow();

  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

// A county-level place in GB/T 2260, as printed in the first six digits of an
// ID number. Codes of counties since renamed are kept on purpose: an ID
// number keeps the code of the place that issued it.
struct Region {
  std::string_view code;            // "341221"
  std::string_view province;        // "安徽省"
  std::string_view province_short;  // "安徽", as used in shop names.
  std::string_view city;            // "阜阳市"
  std::string_view county;          // "临泉县"
};

// Regions around Dongyang that local residents come from (Jiangning, Jurong
// and neighbours), and regions migrants to Nanjing mostly come from (Anhui,
// northern Jiangsu, Henan, Sichuan, Jiangxi, Shandong, Hunan, Guizhou).
std::span<const Region> LocalRegions();
std::span<const Region> MigrantRegions();
// The region with this code from either list, or nullptr.
const Region* FindRegion(std::string_view code);

// Nationalities Foreigner() can make (ISO 3166-1 alpha-3): Vietnam, Korea.
inline constexpr std::string_view kForeignNationalities[] = {"VNM", "KOR"};

enum class Origin {
  kLocal,    // Born and registered around Dongyang.
  kMigrant,  // From a province that sends migrants to Nanjing.
};

enum class PhonePolicy {
  kByAge,   // None under 14; a quarter of the over-75s and 3% of others lack
            // one.
  kAlways,  // Staff, landlords and contacts must be reachable.
  kNever,
};

// What kind of person to make. String views need only outlive the call.
struct PersonSpec {
  char gender = 0;  // 'M' or 'F'; 0 draws 51% male.
  int min_age = 0;  // Whole years at the generator's as-of date, inclusive.
  int max_age = 80;
  Origin origin = Origin::kLocal;
  // When it names a region of LocalRegions() or MigrantRegions(), the person
  // is from there (families share an origin); otherwise drawn by `origin`.
  std::string_view region_code;
  std::string_view surname;  // When non-empty, the family name to use.
  PhonePolicy phone = PhonePolicy::kByAge;
};

struct GeneratedPerson {
  std::string name;                // Surname + given name, e.g. "王秀英".
  std::string surname;             // "王", or a compound such as "欧阳".
  char gender = 'M';               // 'M' or 'F'.
  std::string birth_date;          // "YYYY-MM-DD".
  int age = 0;                     // Whole years at the as-of date.
  std::string id_card;             // 18 characters; empty for foreigners.
  std::string phone;               // 11 digits, or empty.
  std::string origin_region_code;  // First six digits of id_card; empty for
                                   // foreigners.
  std::string origin_place;     // "安徽省阜阳市临泉县", or "越南".
  std::string nationality;      // ISO alpha-3 for foreigners, else empty.
  std::string passport_number;  // Foreigners only, e.g. "C1234567".

  bool operator==(const GeneratedPerson&) const = default;
};

// The as-of date used when none is given: ages, arrival dates and deadlines
// of generated data are measured from it, so the data never moves with the
// calendar.
inline constexpr int64_t kDefaultAsOfDays =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 1}
        .time_since_epoch()
        .count();

// Makes people. Everything drawn comes from the seed, so two generators with
// the same seed and the same calls return the same people. ID numbers and
// phone numbers are unique within one generator (remembered in a KeySet:
// about 16 bytes a person). About a microsecond a person; not thread-safe.
class PeopleGenerator {
 public:
  // `as_of_days` is a date as days since 1970-01-01 (see ParseDate).
  explicit PeopleGenerator(uint64_t seed,
                           int64_t as_of_days = kDefaultAsOfDays);

  // A Chinese citizen matching `spec`: a surname weighted by national
  // frequency, a given name typical of the gender and birth decade, a valid
  // ID number (region code of the origin, birth date, odd sequence for men,
  // GB 11643 check character) and a phone as `spec.phone` says. Ages outside
  // [0, 110] are clamped. Throws std::runtime_error only if no unused ID
  // number is left for the spec (a single birth date and region shared by
  // hundreds of people).
  GeneratedPerson Person(const PersonSpec& spec);

  // A foreign national of `nationality` (one of kForeignNationalities; others
  // are treated as "KOR"): a Chinese-script name as used on residence
  // permits, a passport number, no ID number and no Chinese origin.
  GeneratedPerson Foreigner(const PersonSpec& spec,
                            std::string_view nationality);

  // An 11-digit mobile number (13x/15x/17x/18x/19x), unique in this generator.
  std::string Phone();
  // A family name weighted by frequency in China.
  std::string Surname();
  // A given name of one or two characters usual for people of `gender`
  // ('M'/'F') born in `birth_year`.
  std::string GivenName(char gender, int birth_year);
  // An 18-character unified social credit code (GB 32100) with valid
  // organisation-code and final check characters. `kind` is the two-character
  // registrar and type prefix: "91" company, "92" sole trader (个体工商户),
  // "12" public institution; `region_code` six digits.
  std::string CreditCode(std::string_view kind, std::string_view region_code);

  // The generator's random source, for callers drawing related choices.
  Rng& rng() { return rng_; }
  int64_t as_of_days() const { return as_of_days_; }

 private:
  const Region& DrawRegion(Origin origin);

  Rng rng_;
  int64_t as_of_days_;
  KeySet id_numbers_;
  KeySet phones_;
};

}  // namespace wangge::demo
