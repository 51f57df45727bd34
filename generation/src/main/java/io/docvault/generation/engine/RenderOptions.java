package io.docvault.generation.engine;

/**
 * How to render the PDF after conversion.
 *
 * @param previews whether to render one PNG a page
 * @param previewDpi resolution of the previews
 * @param stampImage PNG or JPEG bytes to stamp onto page 1; empty = no stamp
 */
public record RenderOptions(boolean previews, int previewDpi, byte[] stampImage) {

    public static final int DEFAULT_DPI = 72;
    public static final int MAX_DPI = 300;

    public RenderOptions {
        stampImage = stampImage == null ? new byte[0] : stampImage;
    }

    public static RenderOptions pdfOnly() {
        return new RenderOptions(false, DEFAULT_DPI, new byte[0]);
    }
}
