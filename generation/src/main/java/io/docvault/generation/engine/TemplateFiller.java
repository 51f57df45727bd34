package io.docvault.generation.engine;

import com.deepoove.poi.XWPFTemplate;
import com.deepoove.poi.config.Configure;
import com.deepoove.poi.config.GramerSymbol;
import com.deepoove.poi.data.NumberingFormat;
import com.deepoove.poi.data.Numberings;
import com.deepoove.poi.data.PictureRenderData;
import com.deepoove.poi.data.PictureType;
import com.deepoove.poi.data.Pictures;
import com.deepoove.poi.template.ElementTemplate;
import com.deepoove.poi.template.MetaTemplate;
import com.deepoove.poi.xwpf.NumFormat;
import io.docvault.api.error.FieldViolation;
import io.docvault.api.error.InvalidRequestException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Fills a DOCX template with poi-tl. Placeholders are {@code {{name}}} (text), {@code {{@name}}}
 * (an image given as a data URL) and {@code {{*name}}} (a list of strings, rendered as checklist
 * lines); nested objects are reached with dotted names ({@code {{customer.name}}}). poi-tl finds a
 * placeholder also when Word split it across several runs, and inside table cells.
 *
 * <p>The data must fit the template exactly: a placeholder without a value, a value without a
 * placeholder, or a value of the wrong kind is an {@link InvalidRequestException} naming
 * {@code data.<placeholder>}, checked before anything is rendered.
 */
public final class TemplateFiller {

    /** The content type of DOCX files. */
    public static final String DOCX_CONTENT_TYPE =
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /** Images are scaled down (never up) to fit this box, in pixels at 96 dpi: a page's text width. */
    static final int IMAGE_BOX_PIXELS = 600;

    private static final Pattern DATA_URL =
            Pattern.compile("data:image/(png|jpeg|jpg|gif|bmp);base64,(.*)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final NumberingFormat CHECKLIST = new NumberingFormat(NumFormat.BULLET, "\u2610");

    /**
     * Fills the template.
     *
     * @param template the DOCX bytes
     * @param data placeholder values: strings, numbers, booleans, lists and nested maps
     * @return the filled DOCX bytes
     */
    public byte[] fill(byte[] template, Map<String, Object> data) {
        Map<String, Object> values = new HashMap<>();
        Configure configure = Configure.builder()
                .setRenderDataComputeFactory(model -> values::get)
                .build();
        try (XWPFTemplate compiled = compile(template, configure)) {
            Map<String, Object> flat = flatten(data);
            List<FieldViolation> violations = new ArrayList<>();
            Set<String> used = new LinkedHashSet<>();
            for (MetaTemplate meta : compiled.getElementTemplates()) {
                if (!(meta instanceof ElementTemplate element)) {
                    violations.add(new FieldViolation("template_id",
                            "the template uses an unsupported block placeholder " + meta.variable()));
                    continue;
                }
                String name = element.getTagName();
                used.add(name);
                if (!flat.containsKey(name)) {
                    violations.add(new FieldViolation("data." + name,
                            "no value for the template's placeholder " + element.getSource()));
                    continue;
                }
                try {
                    values.put(name, renderData(element, flat.get(name)));
                } catch (IllegalArgumentException e) {
                    violations.add(new FieldViolation("data." + name, e.getMessage()));
                }
            }
            flat.keySet().stream()
                    .filter(key -> !used.contains(key))
                    .forEach(key -> violations.add(new FieldViolation("data." + key,
                            "the template has no placeholder {{" + key + "}}")));
            if (!violations.isEmpty()) {
                throw new InvalidRequestException(violations);
            }
            compiled.render(values);
            ByteArrayOutputStream out = new ByteArrayOutputStream(template.length + 1024);
            compiled.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the filled template", e);
        }
    }

    private static XWPFTemplate compile(byte[] template, Configure configure) {
        try {
            return XWPFTemplate.compile(new ByteArrayInputStream(template), configure);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("template_id", "the template's content is not a readable DOCX file");
        }
    }

    private static Object renderData(ElementTemplate element, Object value) {
        char sign = element.getSign() == null ? GramerSymbol.TEXT.getSymbol() : element.getSign();
        if (sign == GramerSymbol.IMAGE.getSymbol()) {
            return picture(value);
        }
        if (sign == GramerSymbol.NUMBERING.getSymbol()) {
            return checklist(value);
        }
        if (sign == GramerSymbol.TEXT.getSymbol() || sign == GramerSymbol.TEXT_ALIAS.getSymbol()) {
            return text(value);
        }
        throw new IllegalArgumentException("the placeholder " + element.getSource() + " is of a kind not supported here");
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            if (DATA_URL.matcher(s).matches()) {
                throw new IllegalArgumentException("an image cannot fill a text placeholder; use {{@name}} in the template");
            }
            return s;
        }
        if (value instanceof Double d) {
            BigDecimal decimal = BigDecimal.valueOf(d).stripTrailingZeros();
            return decimal.scale() <= 0 ? decimal.toBigInteger().toString() : decimal.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException("a text placeholder takes a string, number or boolean, not a "
                + kind(value));
    }

    private static Object checklist(Object value) {
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException("a checklist placeholder takes a list of strings, not a " + kind(value));
        }
        Numberings.NumberingBuilder builder = Numberings.of(CHECKLIST);
        for (Object item : items) {
            if (!(item instanceof String s)) {
                throw new IllegalArgumentException("a checklist placeholder takes a list of strings, not a list of "
                        + kind(item));
            }
            builder.addItem(s);
        }
        return builder.create();
    }

    private static PictureRenderData picture(Object value) {
        Matcher matcher = value instanceof String s ? DATA_URL.matcher(s) : null;
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("an image placeholder takes a data URL (data:image/png;base64,...)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the image's data URL is not valid base64");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            image = null;
        }
        if (image == null) {
            throw new IllegalArgumentException("the image's data URL does not hold a readable image");
        }
        double scale = Math.min(1.0, Math.min(IMAGE_BOX_PIXELS / (double) image.getWidth(),
                IMAGE_BOX_PIXELS / (double) image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        PictureType type = switch (matcher.group(1).toLowerCase(Locale.ROOT)) {
            case "png" -> PictureType.PNG;
            case "gif" -> PictureType.GIF;
            case "bmp" -> PictureType.BMP;
            default -> PictureType.JPEG;
        };
        return Pictures.ofBytes(bytes, type).size(width, height).create();
    }

    /** Nested maps become dotted names; lists and scalars are values. */
    static Map<String, Object> flatten(Map<String, Object> data) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", data, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> data, Map<String, Object> into) {
        data.forEach((key, value) -> {
            String name = prefix + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name + ".", (Map<String, Object>) nested, into);
            } else {
                into.put(name, value);
            }
        });
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof String) {
            return "string";
        }
        return value instanceof Boolean ? "boolean" : "number";
    }
}
