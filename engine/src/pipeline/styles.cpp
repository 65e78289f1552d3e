// SPDX-License-Identifier: MIT
#include <trygg/pipeline/styles.hpp>

#include "embedded_styles.hpp"

namespace trygg::pipeline {

std::string style_qml(const std::string& layer)
{
    for (const auto& s : detail::embedded_styles)
        if (layer == s.layer)
            return s.qml;
    return "";
}

}  // namespace trygg::pipeline
