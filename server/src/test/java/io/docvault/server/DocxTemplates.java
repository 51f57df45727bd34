package io.docvault.server;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;

/**
 * DOCX templates built in code with Apache POI, laid out the way Word leaves them: a placeholder in a
 * plain paragraph, one split across differently formatted runs, placeholders in table cells, a
 * checklist and an image slot.
 */
final class DocxTemplates {

    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private DocxTemplates() {
    }

    /** The invoice template, with a heading that tells its layout apart. */
    static byte[] invoice(String heading) {
        try (XWPFDocument document = new XWPFDocument()) {
            document.createParagraph().createRun().setText(heading);
            document.createParagraph().createRun().setText("Invoice for {{customer.name}}");

            // "{{reference}}" in three runs, the middle one bold, as Word splits a tag edited in place.
            XWPFParagraph split = document.createParagraph();
            split.createRun().setText("Reference: {{ref");
            XWPFRun bold = split.createRun();
            bold.setBold(true);
            bold.setText("er");
            split.createRun().setText("ence}} (keep it)");

            XWPFTable table = document.createTable(2, 2);
            table.getRow(0).getCell(0).setText("Amount");
            table.getRow(0).getCell(1).setText("{{amount}}");
            table.getRow(1).getCell(0).setText("Due");
            table.getRow(1).getCell(1).setText("{{due_date}}");

            document.createParagraph().createRun().setText("Checklist:");
            document.createParagraph().createRun().setText("{{*items}}");
            document.createParagraph().createRun().setText("{{@photo}}");
            document.createParagraph().createRun().setText("End of invoice.");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A template of exactly {@code pages} pages (a page break before each further page) and one placeholder. */
    static byte[] manyPages(int pages) {
        try (XWPFDocument document = new XWPFDocument()) {
            document.createParagraph().createRun().setText("Long report for {{customer.name}}");
            String line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. ".repeat(8);
            for (int page = 2; page <= pages; page++) {
                XWPFParagraph paragraph = document.createParagraph();
                paragraph.setPageBreak(true);
                paragraph.createRun().setText("Page " + page + ". " + line);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG of the given size, as a data URL. */
    static String pngDataUrl(int width, int height, Color color) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(width, height, color));
    }

    static byte[] png(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(Color.WHITE);
        graphics.drawLine(0, 0, width - 1, height - 1);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
