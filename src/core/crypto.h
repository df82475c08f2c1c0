// Thin wrappers over libsodium for the three things wangge needs: password
// hashes (argon2id), random tokens, and field encryption at rest.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/error.h"

namespace wangge {

// Must be called once before any other function here (sodium_init).
void InitCrypto();

// argon2id in libsodium's self-describing string form ("$argon2id$...").
std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);

// 32 random bytes as unpadded base64url: session tokens, API keys.
std::string RandomToken();
// A one-way digest (BLAKE2b-256, hex) used to store tokens without storing
// the tokens themselves.
std::string DigestHex(std::string_view data);

// Encrypts personal fields (ID and phone numbers) at rest with XSalsa20-
// Poly1305 (secretbox) under a 32-byte master key, and computes keyed blind
// indexes so that exact-match search works without decrypting every row.
class FieldCipher {
 public:
  using Key = std::array<unsigned char, 32>;
  explicit FieldCipher(const Key& master_key);

  // Returns base64(nonce || ciphertext). Empty input stays empty.
  std::string Encrypt(std::string_view plain) const;
  // Fails with key "crypto.decrypt" if the text was not made by this key.
  Result<std::string> Decrypt(std::string_view sealed) const;
  // Keyed BLAKE2b of the value, hex; equal values give equal indexes.
  std::string BlindIndex(std::string_view plain) const;
  // A 16-byte key for one purpose (`label`), derived from the master key
  // so that the data key file stays the only secret to keep.
  std::array<unsigned char, 16> Subkey(std::string_view label) const;

  // Parses a key from 64 hex characters or base64 of 32 bytes.
  static Result<Key> ParseKey(std::string_view text);
  static Key GenerateKey();
  static std::string KeyToHex(const Key& key);

 private:
  Key enc_key_{};
  Key index_key_{};
};

std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

}  // namespace wangge
