// Every page prerenders to static HTML; the training itself runs in the browser.
export const prerender = true;
export const trailingSlash = 'never';
