#include "core/crypto.h"

#include <sodium.h>

#include <stdexcept>

namespace wangge {

void InitCrypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
}

std::string HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(),
                                  password.size()) == 0;
}

std::string RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32,
                                     sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

namespace {
std::string Hex(const unsigned char* data, size_t len) {
  std::string out(len * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, len);
  out.pop_back();
  return out;
}
}  // namespace

std::string DigestHex(std::string_view data) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out,
                     reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return Hex(out, sizeof out);
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL),
      '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()),
                        out.size(), text.data(), text.size(), nullptr, &len,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return Invalid("base64.invalid", "not valid base64");
  out.resize(len);
  return out;
}

FieldCipher::FieldCipher(const Key& master_key) {
  // Separate subkeys so that the blind index never reveals the cipher key.
  crypto_kdf_derive_from_key(enc_key_.data(), enc_key_.size(), 1, "wgfield_",
                             master_key.data());
  crypto_kdf_derive_from_key(index_key_.data(), index_key_.size(), 2,
                             "wgfield_", master_key.data());
}

std::string FieldCipher::Encrypt(std::string_view plain) const {
  if (plain.empty()) return {};
  std::string buf(
      crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(),
      '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(buf.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce, enc_key_.data());
  return Base64Encode(buf);
}

Result<std::string> FieldCipher::Decrypt(std::string_view sealed) const {
  if (sealed.empty()) return std::string();
  auto raw = Base64Decode(sealed);
  if (!raw ||
      raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Fail(ErrorCode::kInternal, "crypto.decrypt",
                "stored value is not a sealed field");
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  const size_t clen = raw->size() - crypto_secretbox_NONCEBYTES;
  std::string plain(clen - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 nonce + crypto_secretbox_NONCEBYTES, clen,
                                 nonce, enc_key_.data()) != 0)
    return Fail(ErrorCode::kInternal, "crypto.decrypt",
                "stored value does not open with this data key");
  return plain;
}

std::string FieldCipher::BlindIndex(std::string_view plain) const {
  if (plain.empty()) return {};
  unsigned char out[16];
  crypto_generichash(out, sizeof out,
                     reinterpret_cast<const unsigned char*>(plain.data()),
                     plain.size(), index_key_.data(), index_key_.size());
  return Hex(out, sizeof out);
}

std::array<unsigned char, 16> FieldCipher::Subkey(
    std::string_view label) const {
  const std::string input = "subkey:" + std::string(label);
  std::array<unsigned char, 16> out{};
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), index_key_.data(), index_key_.size());
  return out;
}

Result<FieldCipher::Key> FieldCipher::ParseKey(std::string_view text) {
  while (!text.empty() &&
         (text.back() == '\n' || text.back() == ' ' || text.back() == '\r'))
    text.remove_suffix(1);
  Key key{};
  size_t len = 0;
  if (text.size() == 64 &&
      sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr,
                     &len, nullptr) == 0 &&
      len == 32)
    return key;
  auto raw = Base64Decode(text);
  if (raw && raw->size() == 32) {
    std::copy(raw->begin(), raw->end(), key.begin());
    return key;
  }
  return Invalid("crypto.key",
                 "data key must be 64 hex characters or base64 of 32 bytes");
}

FieldCipher::Key FieldCipher::GenerateKey() {
  Key key{};
  crypto_kdf_keygen(key.data());
  return key;
}

std::string FieldCipher::KeyToHex(const Key& key) {
  return Hex(key.data(), key.size());
}

}  // namespace wangge
