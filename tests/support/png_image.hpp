#pragma once
// A small PNG decoder for tests that look at screenshots: 8-bit grey, grey+alpha, RGB and RGBA, not
// interlaced (what Chromium writes). Pixels come out as RGBA.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sg::test {

struct PngImage {
  uint32_t width = 0;
  uint32_t height = 0;
  std::vector<uint8_t> rgba;  // width * height * 4
  const uint8_t* pixel(uint32_t x, uint32_t y) const { return &rgba[(static_cast<size_t>(y) * width + x) * 4]; }
};

// Decodes the file; on failure returns false and says why in `error`.
bool read_png(const std::filesystem::path& path, PngImage& image, std::string& error);

}  // namespace sg::test
