/** pgvector's text form of a vector: `[0.1,0.2,…]`. */
export const vectorLiteral = (vector: Float32Array) => `[${Array.from(vector).join(',')}]`;
