// On a phone, close the sidebar once per page and load (ui/layout.py explains why): with
// Streamlit's own button, so that Streamlit's memory of the reader's last toggle agrees.
export default function () {
  if (window.amSidebarPage === location.pathname) return;
  window.amSidebarPage = location.pathname;
  if (!window.matchMedia("(max-width: 768px)").matches) return;
  const bar = document.querySelector('[data-testid="stSidebar"]');
  const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (bar && close && bar.dataset.collapsed === "false") close.click();
}
