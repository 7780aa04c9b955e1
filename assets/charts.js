// Draw every chart on the page from the compiled Vega spec inlined beside it.
// The static SVG <img> inside each .vega-chart stays if scripts are off or drawing fails.
// vega.min.js (self-hosted, assets/vendor/vega/) defines window.vega; it is a deferred script,
// which runs before this module script.
for (const el of document.querySelectorAll(".vega-chart[data-spec]")) {
  const holder = document.getElementById(el.dataset.spec);
  if (!holder || !window.vega) continue;
  const fallback = el.innerHTML;
  try {
    const spec = JSON.parse(holder.textContent);
    el.innerHTML = "";
    const view = new window.vega.View(window.vega.parse(spec), { renderer: "svg", hover: true });
    view.initialize(el);
    view.runAsync().then(
      () => {
        el.setAttribute("data-rendered", "true");
        // ms since navigation began: the site check holds the explainer to a budget
        if (window.__firstChartMs === undefined) window.__firstChartMs = performance.now();
      },
      (err) => { el.innerHTML = fallback; console.warn("chart fell back to its static image:", err); },
    );
  } catch (err) {
    el.innerHTML = fallback;
    console.warn("chart fell back to its static image:", err);
  }
}
