// The query page with YASGUI: our endpoint, our prefixes for completion, our example queries.
// Nothing is fetched from other hosts: the class and property completers (which ask lov.linkeddata.es) are off,
// and prefix completion reads our own list.
"use strict";
(function () {
  const endpoint = new URL("sparql", document.baseURI).href;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    yasqe: {
      prefixCcApi: new URL("query/prefixes.json", document.baseURI).href,
      autocompleters: ["variables", "prefixes"],
    },
  });
  // Tabs kept from an earlier visit may name another endpoint (another port): always ours.
  for (const id of Object.keys(yasgui._tabs || {})) yasgui.getTab(id).setEndpoint(endpoint);

  const select = document.getElementById("examples");
  fetch("query/examples.json")
    .then((r) => r.json())
    .then((examples) => {
      for (const ex of examples) {
        const option = document.createElement("option");
        option.textContent = ex.title;
        option.value = ex.query;
        select.appendChild(option);
      }
    });
  select.addEventListener("change", () => {
    if (!select.value) return;
    const tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.getYasqe().setValue(select.value);
  });
})();
