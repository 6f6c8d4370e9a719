#include "support/png_image.hpp"

#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

namespace sg::test {
namespace {

uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

uint8_t paeth(uint8_t a, uint8_t b, uint8_t c) {
  int p = int{a} + int{b} - int{c};
  int pa = std::abs(p - int{a}), pb = std::abs(p - int{b}), pc = std::abs(p - int{c});
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

}  // namespace

bool read_png(const std::filesystem::path& path, PngImage& image, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kSignature, 8) != 0) {
    error = "not a PNG file";
    return false;
  }
  uint8_t bit_depth = 0, color_type = 0, interlace = 0;
  std::vector<uint8_t> compressed;
  bool have_header = false;
  for (size_t pos = 8; pos + 12 <= bytes.size();) {
    uint32_t length = be32(&bytes[pos]);
    std::string type(reinterpret_cast<const char*>(&bytes[pos + 4]), 4);
    if (pos + 12 + static_cast<size_t>(length) > bytes.size()) {
      error = "truncated " + type + " chunk";
      return false;
    }
    const uint8_t* data = &bytes[pos + 8];
    uint32_t crc = static_cast<uint32_t>(crc32(crc32(0, nullptr, 0), &bytes[pos + 4], length + 4));
    if (crc != be32(data + length)) {
      error = "bad CRC in " + type + " chunk";
      return false;
    }
    if (type == "IHDR" && length == 13) {
      image.width = be32(data);
      image.height = be32(data + 4);
      bit_depth = data[8];
      color_type = data[9];
      interlace = data[12];
      have_header = true;
    } else if (type == "IDAT") {
      compressed.insert(compressed.end(), data, data + length);
    } else if (type == "IEND") {
      break;
    }
    pos += 12 + static_cast<size_t>(length);
  }
  if (!have_header || image.width == 0 || image.height == 0) {
    error = "no IHDR chunk";
    return false;
  }
  size_t channels = color_type == 0 ? 1 : color_type == 2 ? 3 : color_type == 4 ? 2 : color_type == 6 ? 4 : 0;
  if (bit_depth != 8 || channels == 0 || interlace != 0) {
    error = "unsupported PNG: bit depth " + std::to_string(bit_depth) + ", colour type " + std::to_string(color_type) +
            ", interlace " + std::to_string(interlace);
    return false;
  }
  size_t stride = image.width * channels;
  std::vector<uint8_t> raw((stride + 1) * image.height);
  uLongf raw_size = raw.size();
  if (uncompress(raw.data(), &raw_size, compressed.data(), compressed.size()) != Z_OK || raw_size != raw.size()) {
    error = "the image data does not inflate to " + std::to_string(raw.size()) + " bytes";
    return false;
  }
  std::vector<uint8_t> prev(stride, 0), row(stride);
  image.rgba.assign(static_cast<size_t>(image.width) * image.height * 4, 0);
  for (uint32_t y = 0; y < image.height; ++y) {
    const uint8_t* line = &raw[y * (stride + 1)];
    uint8_t filter = line[0];
    for (size_t i = 0; i < stride; ++i) {
      uint8_t x = line[1 + i];
      uint8_t a = i >= channels ? row[i - channels] : 0;
      uint8_t b = prev[i];
      uint8_t c = i >= channels ? prev[i - channels] : 0;
      switch (filter) {
        case 0: row[i] = x; break;
        case 1: row[i] = static_cast<uint8_t>(x + a); break;
        case 2: row[i] = static_cast<uint8_t>(x + b); break;
        case 3: row[i] = static_cast<uint8_t>(x + (int{a} + int{b}) / 2); break;
        case 4: row[i] = static_cast<uint8_t>(x + paeth(a, b, c)); break;
        default: error = "bad filter type " + std::to_string(filter) + " on row " + std::to_string(y); return false;
      }
    }
    for (uint32_t x = 0; x < image.width; ++x) {
      const uint8_t* s = &row[x * channels];
      uint8_t* d = &image.rgba[(static_cast<size_t>(y) * image.width + x) * 4];
      if (channels <= 2) {
        d[0] = d[1] = d[2] = s[0];
        d[3] = channels == 2 ? s[1] : 255;
      } else {
        d[0] = s[0];
        d[1] = s[1];
        d[2] = s[2];
        d[3] = channels == 4 ? s[3] : 255;
      }
    }
    std::swap(prev, row);
  }
  return true;
}

}  // namespace sg::test
