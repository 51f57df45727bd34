package io.docvault.generation.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.offset;

import io.docvault.api.error.FieldViolation;
import io.docvault.api.error.InvalidRequestException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFPicture;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TemplateFillerTest {

    private final TemplateFiller filler = new TemplateFiller();

    @Test
    @DisplayName("placeholders in paragraphs, split across runs and in table cells are replaced")
    void fillsTextPlaceholders() throws IOException {
        byte[] filled = filler.fill(template(), data());

        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(filled))) {
            String paragraphs = document.getParagraphs().stream().map(XWPFParagraph::getText)
                    .collect(Collectors.joining("\n"));
            assertThat(paragraphs).contains("Dear Grace Hopper,", "Order ORD-7 (urgent)")
                    .doesNotContain("{{", "}}");
            XWPFTable table = document.getTables().get(0);
            assertThat(table.getRow(0).getCell(1).getText()).isEqualTo("3");
            assertThat(table.getRow(1).getCell(1).getText()).isEqualTo("12.75");
        }
    }

    @Test
    @DisplayName("a list of strings becomes one checklist line each")
    void rendersChecklist() throws IOException {
        byte[] filled = filler.fill(template(), data());

        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(filled))) {
            List<XWPFParagraph> items = document.getParagraphs().stream()
                    .filter(p -> p.getNumID() != null)
                    .toList();
            assertThat(items).extracting(XWPFParagraph::getText).containsExactly("Pack", "Ship");
            assertThat(items.get(0).getNumLevelText()).isEqualTo("\u2610");
        }
    }

    @Test
    @DisplayName("an image data URL is embedded, scaled down to fit the text width")
    void embedsScaledImage() throws IOException {
        byte[] filled = filler.fill(template(), data());

        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(filled))) {
            List<XWPFPicture> pictures = document.getParagraphs().stream()
                    .flatMap(p -> p.getRuns().stream())
                    .flatMap(r -> r.getEmbeddedPictures().stream())
                    .toList();
            assertThat(pictures).hasSize(1);
            double widthPixels = Units.pointsToPixel(pictures.get(0).getWidth());
            double heightPixels = Units.pointsToPixel(pictures.get(0).getDepth());
            assertThat(widthPixels).isCloseTo(TemplateFiller.IMAGE_BOX_PIXELS, offset(1.0));
            assertThat(heightPixels).isCloseTo(TemplateFiller.IMAGE_BOX_PIXELS / 4.0, offset(1.0));
        }
    }

    @Test
    @DisplayName("a value without a placeholder, a placeholder without a value and values of the wrong kind are each named")
    void namesEveryMisfit() {
        Map<String, Object> data = data();
        data.put("discount", "5%");
        data.remove("count");
        data.put("steps", "not a list");
        data.put("photo", 42.0);
        data.put("customer", Map.of("name", List.of("a", "list")));

        InvalidRequestException failure = catchThrowableOfType(InvalidRequestException.class,
                () -> filler.fill(template(), data));

        assertThat(failure.violations()).extracting(FieldViolation::field)
                .containsExactlyInAnyOrder("data.discount", "data.count", "data.steps", "data.photo", "data.customer.name");
    }

    @Test
    @DisplayName("content that is not a DOCX file is named as the template's fault")
    void rejectsNonDocx() {
        InvalidRequestException failure = catchThrowableOfType(InvalidRequestException.class,
                () -> filler.fill("plain text".getBytes(), data()));
        assertThat(failure.violations()).extracting(FieldViolation::field).containsExactly("template_id");
    }

    static byte[] template() throws IOException {
        try (XWPFDocument document = new XWPFDocument()) {
            document.createParagraph().createRun().setText("Dear {{customer.name}},");
            XWPFParagraph split = document.createParagraph();
            split.createRun().setText("Order {{or");
            XWPFRun italic = split.createRun();
            italic.setItalic(true);
            italic.setText("der_");
            split.createRun().setText("no}} (urgent)");
            XWPFTable table = document.createTable(2, 2);
            table.getRow(0).getCell(0).setText("Count");
            table.getRow(0).getCell(1).setText("{{count}}");
            table.getRow(1).getCell(0).setText("Price");
            table.getRow(1).getCell(1).setText("{{price}}");
            document.createParagraph().createRun().setText("{{*steps}}");
            document.createParagraph().createRun().setText("{{@photo}}");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            return out.toByteArray();
        }
    }

    static Map<String, Object> data() {
        Map<String, Object> data = new HashMap<>();
        data.put("customer", Map.of("name", "Grace Hopper"));
        data.put("order_no", "ORD-7");
        data.put("count", 3.0);
        data.put("price", 12.75);
        data.put("steps", List.of("Pack", "Ship"));
        data.put("photo", pngDataUrl(2400, 600));
        return data;
    }

    static String pngDataUrl(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
