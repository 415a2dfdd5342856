/**
 * The part of the model after attention, as a function of the sentence embedding ξ alone:
 *   ζ = ξ + W2 gelu(W1 N(ξ) + b1) + b2,   p(y | ξ) = softmax_y(E[y] · ζ).
 * It lives in model.ts (forward calls it for every sequence); this module names it for the
 * level-line panels and the ideal circuit.
 */
export { mlpHead, decode, newHeadOut, type HeadOut } from './model';
