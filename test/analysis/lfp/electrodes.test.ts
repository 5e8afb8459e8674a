import { describe, expect, it } from 'vitest';
import { forwardModelsFromElectrodes, parseElectrodesCsv, PointSourcePotential, segmentGeometry } from '../../../analysis/index.ts';

const csv = `name,x,y,z,layer,region,type
e0,0,0,100,L1,V1,PointSource
e1,0,0,-100,L23,V1,LineSource
"e2,deep",10,0,-500,L6,V1,PointSource
eeg,0,0,90000,scalp,head,FourSphere
`;

describe('electrode CSV (BlueRecording format)', () => {
  it('parses rows, quoted names and types', () => {
    const els = parseElectrodesCsv(csv, 'test.csv');
    expect(els.map((e) => e.name)).toEqual(['e0', 'e1', 'e2,deep', 'eeg']);
    expect(els[2]).toMatchObject({ x: 10, y: 0, z: -500, layer: 'L6', region: 'V1', type: 'PointSource' });
  });
  it('groups contacts into one forward model per type', () => {
    const models = forwardModelsFromElectrodes(parseElectrodesCsv(csv), { dipoleLocation: [0, 0, 78000] });
    expect(models.map((m) => m.model.name)).toEqual(['PointSource', 'LineSource', 'FourSphere']);
    expect(models[0].contacts.map((c) => c.name)).toEqual(['e0', 'e2,deep']);
    const seg = segmentGeometry({ xStart: [0], yStart: [0], zStart: [-1], xEnd: [0], yEnd: [0], zEnd: [1], diam: [1] });
    const direct = new PointSourcePotential({ x: [0, 10], y: [0, 0], z: [100, -500] }).getTransformationMatrix(seg);
    expect(Array.from(models[0].model.getTransformationMatrix(seg).data)).toEqual(Array.from(direct.data));
  });
  it('names the file, line and field of malformed rows', () => {
    expect(() => parseElectrodesCsv('name,x,y\n', 'a.csv')).toThrow(/a\.csv: header "name,x,y" is invalid; expected "name,x,y,z,layer,region,type"/);
    expect(() => parseElectrodesCsv('name,x,y,z,layer,region,type\ne0,0,abc,1,L1,V1,PointSource\n', 'a.csv')).toThrow(/a\.csv line 2: y = "abc" is invalid; expected a number/);
    expect(() => parseElectrodesCsv('name,x,y,z,layer,region,type\ne0,0,0,1,L1,V1\n', 'a.csv')).toThrow(/line 2: has 6 fields, expected 7/);
    expect(() => parseElectrodesCsv('name,x,y,z,layer,region,type\ne0,0,0,1,L1,V1,Reciprocity\n', 'a.csv')).toThrow(/type = "Reciprocity" is invalid; expected one of PointSource/);
    expect(() => parseElectrodesCsv('name,x,y,z,layer,region,type\ne0,0,0,1,L1,V1,PointSource\ne0,0,0,2,L1,V1,PointSource\n')).toThrow(/name "e0" is used twice/);
    expect(() => parseElectrodesCsv('name,x,y,z,layer,region,type\n')).toThrow(/no electrode rows/);
    // Comments and blank lines are skipped but keep the line numbers of the file.
    expect(() => parseElectrodesCsv('# probe\nname,x,y,z\n\ne0,0,0,1\n# next\ne1,0,0,q\n', 'b.csv')).toThrow(/b\.csv line 6: z = "q" is invalid/);
    expect(parseElectrodesCsv('name,z,y,x,type\ne0,3,2,1,PointSource\n')[0]).toMatchObject({ x: 1, y: 2, z: 3, layer: 'NA', type: 'PointSource' });
    expect(() => parseElectrodesCsv('name,x,y,z,depth\n')).toThrow(/header "name,x,y,z,depth" is invalid/);
    expect(() => forwardModelsFromElectrodes(parseElectrodesCsv(csv))).toThrow(/FourSphere need a dipoleLocation/);
  });
});
