import QRCode from 'qrcode';

const SVG = 'http://www.w3.org/2000/svg';
/** The light margin a reader needs around the symbol: four modules (ISO/IEC 18004). */
const QUIET_ZONE = 4;

/**
 * A QR code as inline SVG, drawn from the symbol's modules (one path of unit squares, no markup parsed, no image
 * request, nothing for the page's CSP to allow). Error correction M, as authenticator apps expect of otpauth URIs.
 */
export function qrCodeSvg(options: { text: string; label: string }): SVGSVGElement {
  const modules = QRCode.create(options.text, { errorCorrectionLevel: 'M' }).modules;
  const size = modules.size;
  const extent = size + 2 * QUIET_ZONE;
  let d = '';
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; column += 1) {
      if (modules.get(row, column)) d += `M${column + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`;
    }
  }
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${extent} ${extent}`);
  svg.setAttribute('class', 'qr-code');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', options.label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('data-modules', String(size));
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(extent));
  background.setAttribute('height', String(extent));
  background.setAttribute('fill', '#ffffff');
  const dark = document.createElementNS(SVG, 'path');
  dark.setAttribute('d', d);
  dark.setAttribute('fill', '#000000');
  svg.append(background, dark);
  return svg;
}
