package dev.litserve4j.examples;

import dev.litserve4j.Form;
import dev.litserve4j.HttpError;
import dev.litserve4j.LitApi;
import dev.litserve4j.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** The size and format of an uploaded image: curl -F file=@cat.png http://127.0.0.1:8000/predict */
public final class ImageInfoApi implements LitApi<Form, ImageInfoApi.ImageInfo> {

    public record ImageInfo(int width, int height, String format) {
    }

    @Override
    public ImageInfo predict(Form form) throws IOException {
        UploadedFile file = form.file("file");
        if (file == null) {
            throw new HttpError(400, "Send the image as the form field 'file': curl -F file=@image.png ...");
        }
        try (InputStream in = file.inputStream(); ImageInputStream image = new MemoryCacheImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(image);
            if (!readers.hasNext()) {
                throw new HttpError(400, "'" + file.filename() + "' is not an image: send a PNG, JPEG, GIF or BMP");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(image); // reads the header only, not the pixels
                return new ImageInfo(reader.getWidth(0), reader.getHeight(0),
                        reader.getFormatName().toLowerCase(Locale.ROOT));
            } catch (IOException e) {
                throw new HttpError(400, "'" + file.filename() + "' is a damaged image: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        }
    }
}
