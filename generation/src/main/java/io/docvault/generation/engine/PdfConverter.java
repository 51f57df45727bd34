package io.docvault.generation.engine;

/** Turns a DOCX file into a PDF file. */
public interface PdfConverter {

    /**
     * Converts the DOCX bytes to PDF bytes.
     *
     * @throws ConverterUnavailableException when no converter is installed or running
     * @throws ConversionTimedOutException when the conversion took longer than allowed
     */
    byte[] toPdf(byte[] docx);

    /** Whether conversions can run at all (e.g. LibreOffice is installed and started). */
    boolean available();
}
