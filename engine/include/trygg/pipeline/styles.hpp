// SPDX-License-Identifier: MIT
#pragma once
// QGIS styles (QML) embedded into output GeoPackages, keyed by layer name. The QML files live
// in plugins/qgis/trygg/styles/ and are compiled into the engine, so layers are styled in
// QGIS with or without the plugin.
#include <string>

namespace trygg::pipeline {

// The QML for a layer, or "" when there is none.
std::string style_qml(const std::string& layer);

}  // namespace trygg::pipeline
