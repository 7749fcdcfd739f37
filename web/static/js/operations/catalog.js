// The catalog operations the console sends: products, imports from a product page, image uploads.

const PRODUCT = `id title price currency sourceUrl primaryImageUrl createdAt variants { id title color size }`;
const UPLOAD = "id kind originalName contentType width height size url createdAt";

export const PRODUCTS = `query Products($first: Int, $after: String, $search: String) {
  products(first: $first, after: $after, search: $search) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${PRODUCT} } }
  }
}`;
export const IMPORT_PRODUCT = `mutation ImportProduct($url: String!) { importProduct(url: $url) { ${PRODUCT} } }`;
export const UPLOADS = `query Uploads($first: Int) { uploads(first: $first) { totalCount edges { node { ${UPLOAD} } } } }`;
export const UPLOAD_IMAGE = `mutation UploadImage($file: Upload!, $kind: UploadKind) {
  uploadImage(file: $file, kind: $kind) { ${UPLOAD} }
}`;

export const UPLOAD_KINDS = [
  { value: "PRODUCT", label: "Product image" },
  { value: "ARTWORK", label: "Artwork" },
  { value: "OTHER", label: "Other" },
];
