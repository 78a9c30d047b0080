"""The page's stylesheet: large type for a projector, two columns that never overlap.

At 1024 x 768 the controls take a fixed column of ``SIDEBAR_PX`` and the rest
holds the picture, the explanation and the charts, which wrap into as many
columns as fit. No picture or chart is drawn narrower than its ``viewBox``
width, so its text (16 px or more in ``viewBox`` units) is never smaller on
screen; every other text is at least 16 px.
"""

from __future__ import annotations

SIDEBAR_PX = 300
CHART_MIN_PX = 460
PICTURE_MIN_PX = 520

CSS = f"""
html, body, .v-application {{ font-size: 18px; }}
.v-application .v-label, .v-application .v-select__selection, .v-application .v-list-item__title,
.v-application .v-btn, .v-application input, .v-application .v-list-item {{
  font-size: 18px !important;
}}
.alignsim-page {{
  display: flex; flex-direction: row; align-items: flex-start; width: 100%;
  min-height: 100vh; gap: 0; font-family: sans-serif;
}}
.alignsim-controls {{
  flex: 0 0 {SIDEBAR_PX}px; width: {SIDEBAR_PX}px; box-sizing: border-box;
  padding: 12px 14px; background: #f4f4f7; border-right: 1px solid #ddd;
  position: sticky; top: 0; max-height: 100vh; overflow-y: auto;
}}
.alignsim-main {{
  flex: 1 1 auto; min-width: 0; padding: 12px 16px; box-sizing: border-box;
}}
.alignsim-title {{ font-size: 22px; font-weight: bold; margin: 0 0 4px 0; }}
.alignsim-round {{ font-size: 30px; font-weight: bold; margin: 4px 0 8px 0; }}
.alignsim-buttons {{ display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 10px; }}
.alignsim-buttons .v-btn {{ min-width: 80px !important; text-transform: none !important; }}
.alignsim-group {{ font-size: 18px; font-weight: bold; margin: 14px 0 2px 0; }}
.alignsim-hint {{ font-size: 16px; color: #555; margin: 0 0 6px 0; }}
.alignsim-control {{ margin: 0 0 2px 0; background: transparent !important; }}
.alignsim-control-label {{ font-size: 17px; line-height: 1.25; }}
.alignsim-control-label b {{ font-size: 18px; }}
.alignsim-pending {{ color: #b04000; font-size: 16px; }}
.alignsim-control .v-slider + .v-label, .alignsim-control .v-input__slot > .v-label,
.alignsim-control .v-select .v-label {{
  display: none !important;
}}
.alignsim-control .v-input {{ margin-top: 0 !important; padding-top: 0 !important; }}
.alignsim-control .v-messages {{ display: none; }}
.alignsim-error {{ color: #b00020; font-size: 17px; }}
.alignsim-top {{ display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }}
.alignsim-figure {{ flex: 0 1 {PICTURE_MIN_PX + 40}px; min-width: {PICTURE_MIN_PX}px; }}
.alignsim-picture {{ width: 100%; min-width: {PICTURE_MIN_PX}px; height: auto; display: block; }}
.alignsim-lattice {{ image-rendering: pixelated; aspect-ratio: 1 / 1; }}
.alignsim-legend {{
  display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 17px; margin: 6px 0;
}}
.alignsim-legend span.key {{
  display: inline-block; width: 14px; height: 14px; border-radius: 7px;
  margin-right: 6px; vertical-align: -1px;
}}
.alignsim-explain {{ flex: 1 1 360px; min-width: 340px; font-size: 18px; line-height: 1.4; }}
.alignsim-explain h3 {{ font-size: 19px; margin: 10px 0 4px 0; }}
.alignsim-explain ul {{ margin: 0; padding-left: 22px; }}
.alignsim-explain p {{ margin: 0 0 6px 0; }}
.alignsim-theory {{ border-collapse: collapse; font-size: 17px; }}
.alignsim-theory td, .alignsim-theory th {{ padding: 2px 10px 2px 0; text-align: left; }}
.alignsim-theory td + td {{ font-variant-numeric: tabular-nums; }}
.alignsim-note {{ font-size: 16px; color: #444; }}
.alignsim-charts {{
  display: grid; gap: 12px 20px; margin-top: 12px;
  grid-template-columns: repeat(auto-fill, minmax({CHART_MIN_PX}px, 1fr));
}}
.alignsim-chart {{ width: 100%; min-width: {CHART_MIN_PX}px; height: auto; display: block; }}
"""
