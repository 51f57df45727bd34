package io.docvault.generation.engine;

import io.docvault.api.error.InvalidRequestException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/** What is done to the converted PDF with Apache PDFBox: the stamp on page 1, previews, page count. */
public final class PdfPages {

    /** The stamp takes at most this share of the page's width, in its top right corner. */
    static final float STAMP_WIDTH_SHARE = 0.25f;
    static final float STAMP_MARGIN_POINTS = 24f;

    /** The finished PDF with its previews. */
    public record Rendered(byte[] pdf, List<byte[]> previews, int pageCount) {
    }

    public Rendered render(byte[] pdf, RenderOptions options) {
        int dpi = options.previewDpi() == 0 ? RenderOptions.DEFAULT_DPI : options.previewDpi();
        if (dpi < 0 || dpi > RenderOptions.MAX_DPI) {
            throw new InvalidRequestException("options.preview_dpi",
                    "must be between 1 and " + RenderOptions.MAX_DPI + " (0 = " + RenderOptions.DEFAULT_DPI + ")");
        }
        try (PDDocument document = Loader.loadPDF(pdf)) {
            byte[] finished = pdf;
            if (options.stampImage().length > 0 && document.getNumberOfPages() > 0) {
                stamp(document, options.stampImage());
                ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + options.stampImage().length);
                document.save(out);
                finished = out.toByteArray();
            }
            List<byte[]> previews = new ArrayList<>();
            if (options.previews()) {
                PDFRenderer renderer = new PDFRenderer(document);
                for (int page = 0; page < document.getNumberOfPages(); page++) {
                    BufferedImage image = renderer.renderImageWithDPI(page, dpi, ImageType.RGB);
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(image, "png", png);
                    previews.add(png.toByteArray());
                }
            }
            return new Rendered(finished, previews, document.getNumberOfPages());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the converted PDF", e);
        }
    }

    private static void stamp(PDDocument document, byte[] stampImage) throws IOException {
        PDImageXObject image;
        try {
            image = PDImageXObject.createFromByteArray(document, stampImage, "stamp");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidRequestException("options.stamp_image", "is not a PNG or JPEG image");
        }
        PDPage first = document.getPage(0);
        PDRectangle box = first.getMediaBox();
        float width = Math.min(image.getWidth(), box.getWidth() * STAMP_WIDTH_SHARE);
        float height = image.getHeight() * (width / image.getWidth());
        float x = box.getUpperRightX() - STAMP_MARGIN_POINTS - width;
        float y = box.getUpperRightY() - STAMP_MARGIN_POINTS - height;
        try (PDPageContentStream content = new PDPageContentStream(document, first, AppendMode.APPEND, true, true)) {
            content.drawImage(image, x, y, width, height);
        }
    }
}
