/**
 * Reading and writing files: the helpers every format package shares (bad-input exception, decoded stacks, tilt angles,
 * length units, atomic writes), TIFF and BigDataViewer export. The entry points that pick a format live in
 * {@link org.fusedtomo.io.readers}, so the format packages can depend on this one without a cycle.
 * <p>
 * Readers refuse bad input with one message naming the file; writers never overwrite an input.
 */
package org.fusedtomo.io;
