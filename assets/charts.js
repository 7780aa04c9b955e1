// Charts: a static SVG shows at once; Vega draws the live chart only when a reader needs it.
//
// Each .vega-chart holds a <picture> of the chart exported at the width it is shown at, so a
// reader sees a legible chart without any script. The Vega runtime (about 510 KB, self-hosted
// in assets/vendor/vega/, path in the script tag's data-vega) is fetched only when a reader
// touches a chart (pointer, touch, keyboard focus) or, after they start scrolling, when a chart
// comes near the screen; charts marked data-draw="eager" (the standalone chart pages) are drawn
// at once. The live chart is drawn at the width of its column. If anything fails, the static
// SVG stays.
//
// The site check drives this through window.siteCharts.drawAll() and reads
// window.__firstChartMs: when the page's first chart was on screen (its static image loaded,
// or its live drawing done, whichever came first), in ms since navigation.

const script = document.querySelector("script[data-vega]");
const VEGA_SRC = script ? new URL(script.dataset.vega, document.baseURI).href
  : new URL("vendor/vega/vega.min.js", import.meta.url).href;
const charts = [...document.querySelectorAll(".vega-chart")];
let vegaPromise = null;
const drawing = new Map();

function firstChartShown() {
  if (window.__firstChartMs === undefined) window.__firstChartMs = performance.now();
}

function loadVega() {
  if (window.vega) return Promise.resolve(window.vega);
  if (!vegaPromise) {
    vegaPromise = new Promise((resolve, reject) => {
      const el = document.createElement("script");
      el.src = VEGA_SRC;
      el.async = true;
      el.onload = () => (window.vega ? resolve(window.vega)
        : reject(new Error(`${VEGA_SRC} did not define window.vega`)));
      el.onerror = () => reject(new Error(`could not load ${VEGA_SRC}`));
      document.head.append(el);
    });
  }
  return vegaPromise;
}

async function specFor(el) {
  if (el.dataset.specSrc) {
    const response = await fetch(new URL(el.dataset.specSrc, document.baseURI));
    if (!response.ok) throw new Error(`${response.status} for ${el.dataset.specSrc}`);
    return response.json();
  }
  const holder = document.getElementById(el.dataset.spec);
  if (!holder) throw new Error(`no spec #${el.dataset.spec}`);
  return JSON.parse(holder.textContent);
}

function draw(el) {
  if (!drawing.has(el)) {
    drawing.set(el, (async () => {
      const [vega, spec] = await Promise.all([loadVega(), specFor(el)]);
      const fallback = [...el.childNodes];
      const live = document.createElement("div");
      live.className = "vega-live";
      el.replaceChildren(live);
      try {
        const view = new vega.View(vega.parse(spec), { renderer: "svg", hover: true });
        await view.initialize(live).runAsync();
      } catch (err) {
        el.replaceChildren(...fallback);
        throw err;
      }
      el.dataset.rendered = "true";
      if (el === charts[0]) firstChartShown();
    })().catch((err) => {
      el.dataset.rendered = "failed";
      console.warn("chart kept its static image:", err);
    }));
  }
  return drawing.get(el);
}

function drawAll() {
  return Promise.all(charts.map(draw));
}

// The first chart's static image: when it is on screen, the reader has a chart.
const firstImage = charts[0] && charts[0].querySelector("img");
if (firstImage) {
  if (firstImage.complete && firstImage.naturalWidth > 0) firstChartShown();
  else firstImage.addEventListener("load", firstChartShown, { once: true });
}

for (const el of charts) {
  if (el.dataset.draw === "eager") {
    draw(el);
    continue;
  }
  for (const type of ["pointerenter", "touchstart", "focusin", "click"]) {
    el.addEventListener(type, () => draw(el), { once: true, passive: true });
  }
}

// Reaching a chart: only once the reader scrolls, so an untouched page never loads Vega.
const lazyCharts = charts.filter((el) => el.dataset.draw !== "eager");
if (lazyCharts.length && "IntersectionObserver" in window) {
  const start = () => {
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      }
    }, { rootMargin: "200px 0px" });
    lazyCharts.forEach((el) => observer.observe(el));
  };
  window.addEventListener("scroll", start, { once: true, passive: true });
}

window.siteCharts = { draw, drawAll, count: charts.length };
