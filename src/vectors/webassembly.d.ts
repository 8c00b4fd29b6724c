/**
 * The part of the WebAssembly JavaScript API the dense scan uses. Node 20 has it all, but
 * TypeScript declares it only in the DOM library, which this project does not load.
 */
declare namespace WebAssembly {
  interface MemoryDescriptor {
    /** In 64 KiB pages. */
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBufferLike;
  }
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, Memory>>);
    readonly exports: Record<string, unknown>;
  }
  function validate(bytes: Uint8Array): boolean;
}
