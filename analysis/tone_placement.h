#pragma once
/// Canonical tone-mark placement for one Vietnamese syllable.
///
/// Old and new spelling put the tone on different vowels in open syllables
/// ending in oa, oe, uy (hòa/hoà, khỏe/khoẻ, thủy/thuỷ), and typists misplace
/// it (qúy, họat, đọan). Tone position never distinguishes two words, so the
/// match key re-places it by one rule: the old style (DOMAIN.md). Internal to
/// pw_analysis; pure.
#include <string>

namespace pw::analysis {

/// Rewrites `syllable` (lower case, NFC, one token without spaces) so its
/// single tone mark sits where the old style puts it. The length in code
/// points never changes: only vowels swap for their toned/untoned forms.
/// Anything that does not parse as onset + 1..3 vowels + a Vietnamese final
/// (c ch m n ng nh p t), or that carries more than one tone, is left alone.
void PlaceToneOldStyle(std::u32string& syllable);

}  // namespace pw::analysis
