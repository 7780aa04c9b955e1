// Draw every chart on the page from the Vega-Lite spec inlined beside it.
// The static SVG <img> inside each .vega-chart stays if scripts are off or drawing fails.
// vega-bundle.js (self-hosted, built by vl-convert) defines window.vegaEmbed.
for (const el of document.querySelectorAll(".vega-chart[data-spec]")) {
  const holder = document.getElementById(el.dataset.spec);
  if (!holder || typeof window.vegaEmbed !== "function") continue;
  const spec = JSON.parse(holder.textContent);
  const fallback = el.innerHTML;
  window.vegaEmbed(el, spec, { actions: false, renderer: "svg" })
    .then(() => el.setAttribute("data-rendered", "true"))
    .catch((err) => {
      el.innerHTML = fallback;
      console.warn("chart fell back to its static image:", err);
    });
}
